from django.urls import path

from . import views

urlpatterns = [
    path("enquiry/", views.submit, name="enquiry_submit"),
    path("enquiry/thanks/", views.thanks, name="enquiry_thanks"),
]
