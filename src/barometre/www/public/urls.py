from django.urls import path

from barometre.www.public import views

urlpatterns = [
    path("", views.home, name="home"),
]
