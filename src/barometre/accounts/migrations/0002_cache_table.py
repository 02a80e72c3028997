"""The table of the database cache used in production (config/settings/prod.py): ``migrate``
creates it, so a deployment needs no extra ``createcachetable`` step. Without a database cache
in the settings (development, tests) the command creates nothing."""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(_apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
