"""Staff pages (participation, reminders, imports); the Django admin is under /gestion/."""

urlpatterns: list[object] = []
