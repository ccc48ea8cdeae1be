from tests.conftest import SEED_URL


def test_seed_page_is_served(client, demo):
    response = client.get(SEED_URL)
    assert response.status_code == 200
    assert "<h1>Stem Cell Therapy for Cerebral Palsy</h1>" in response.content.decode()
