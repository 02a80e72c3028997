from django.urls import path

from barometre.www.public import login, new_link, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/nouveau-lien/", new_link.new_link, name="new_link"),
    path("connexion/<str:token>/", login.login_with_link, name="login"),
]
