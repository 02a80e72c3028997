"""Pages where an authority's respondents answer."""

urlpatterns: list[object] = []
