from django.urls import path

from barometre.www import views

urlpatterns = [
    path("", views.home, name="home"),
]
