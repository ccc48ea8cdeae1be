"""wagtail-2fa's code form, made to work with django-otp 1.7.

django-otp 1.7 no longer tries each of a user's devices when a form names
none ("Please select a device."), and wagtail-2fa 1.8's form names none: every
code would be refused and an enrolled user could never sign in again. The
form here tries the user's confirmed devices itself, as django-otp used to.
They are all TOTP devices (wagtail-2fa enrols no other kind), so a wrong code
counts as a failure against each, which only lengthens django-otp's wait
between attempts.

The view is registered at wagtail-2fa's own address (``security.wagtail_hooks``)
and is found first because this app comes before ``wagtail_2fa`` in
INSTALLED_APPS.
"""

from django import forms
from django_otp import devices_for_user
from django_otp.forms import OTPAuthenticationFormMixin, otp_verification_failed
from wagtail_2fa.forms import TokenForm as BaseTokenForm
from wagtail_2fa.views import LoginView as BaseLoginView


class TokenForm(BaseTokenForm):
    def _verify_token(self, user, token, device=None):
        if device is not None:
            return super()._verify_token(user, token, device)
        for candidate in devices_for_user(user, confirmed=True):
            allowed, _ = candidate.verify_is_allowed()
            if allowed and candidate.verify_token(token):
                return candidate
        otp_verification_failed.send(sender=self.__class__, user=user)
        raise forms.ValidationError(
            OTPAuthenticationFormMixin.otp_error_messages["invalid_token"],
            code="invalid_token",
        )


class LoginView(BaseLoginView):
    form_class = TokenForm
