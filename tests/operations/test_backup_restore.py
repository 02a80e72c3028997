"""Backups restore every row and every generated file; a bad archive or a used base is refused.

The same tests run on SQLite (the demo) and, in the PostgreSQL pass, on the throwaway cluster
(pg_dump / pg_restore); the checksums compared are computed by the engine itself.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from barometre.campaigns.models import Wave
from barometre.collection.models import AccessRequest, Answer, Respondent
from barometre.operations import archive as archives
from tests.config.test_django_project import manage
from tests.operations.conftest import files_under
from tests.operations.databases import drop, empty_twin, every_row

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed rows only


def take_backup(directory: Path) -> Path:
    out = io.StringIO()
    call_command("backup", output=directory, stdout=out)
    assert "Sauvegarde écrite" in out.getvalue()
    (archive,) = directory.glob("barometre-sauvegarde-*.tar")
    return archive


def restore_elsewhere(archive: Path, url: str, root: Path) -> tuple[int, str]:
    result = manage(
        "restore",
        str(archive),
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=url,
        BAROMETRE_OPENDATA_ROOT=str(root),
    )
    return result.returncode, result.stdout + result.stderr


WRITE = (
    "from barometre.collection.links import enrol; "
    "print(enrol('69123', 'nouvelle@lyon.fr', 'agent').pk)"
)


def works_after_restore(url: str) -> int:
    """Migrations are all applied; a new respondent's id (the sequences came back too)."""
    environ = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": url}
    checked = manage("migrate", "--check", **environ)
    written = manage("shell", "-c", WRITE, **environ)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert written.returncode == 0, written.stderr
    return int(written.stdout.split()[-1])


def test_a_backup_restores_every_row_and_file_into_an_empty_installation(
    installation: Wave, tmp_path: Path
) -> None:
    archive = take_backup(tmp_path / "sauvegardes")
    before, files = every_row(), files_under(Path(settings.OPENDATA_ROOT))
    target = empty_twin(tmp_path)
    try:
        code, said = restore_elsewhere(archive, target, tmp_path / "restaure")
        assert code == 0, said
        assert "restaurée et vérifiée" in said
        assert every_row(target) == before
        assert works_after_restore(target) > Respondent.objects.order_by("pk").last().pk  # type: ignore[union-attr]
    finally:
        drop(target)
    assert before["collection_answer"][0] > 100
    assert before["results_resultanswers"][0] >= 1  # the answers frozen with the result set
    assert sum(rows for rows, _ in before.values()) > 500
    assert "datapackage.json" in {name.rsplit("/", 1)[-1] for name in files}
    assert len(files) >= 8
    assert files_under(tmp_path / "restaure") == files  # byte for byte


def test_the_manifest_lists_versions_rows_and_the_checksum_of_every_part(
    installation: Wave, tmp_path: Path
) -> None:
    archive = take_backup(tmp_path)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = tar.extractfile("manifest.json").read().decode()  # type: ignore[union-attr]
    assert names[:2] == ["manifest.json", "manifest.sha256"]
    assert set(names[2:]) == {name for name in names[2:] if name in manifest}
    assert '"barometre": "0.1.0"' in manifest
    assert '"collection_answer"' in manifest
    assert manifest.count('"sha256"') == len(names) - 2 + len(every_row())


def test_a_restore_into_a_used_installation_is_refused_unless_forced(
    installation: Wave, tmp_path: Path
) -> None:
    archive = take_backup(tmp_path / "sauvegardes")
    backed_up, files = every_row(), files_under(Path(settings.OPENDATA_ROOT))
    Answer.objects.filter(pk__in=Answer.objects.values("pk")[:10]).delete()
    AccessRequest.objects.create(authority_id="commune:75056", email="x@paris.fr", role="elu")
    changed = every_row()
    with pytest.raises(CommandError, match="n'est pas vide") as refusal:
        call_command("restore", archive)
    assert "Rien n'a été restauré" in str(refusal.value)
    assert "--force" in str(refusal.value)
    assert every_row() == changed

    out = io.StringIO()
    call_command("restore", archive, force=True, stdout=out)
    assert "restaurée et vérifiée" in out.getvalue()
    assert every_row() == backed_up
    assert files_under(Path(settings.OPENDATA_ROOT)) == files


def _flip_a_byte(archive: Path, part: str) -> None:
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith(part))
        offset = member.offset_data + member.size // 2
    data = bytearray(archive.read_bytes())
    data[offset] ^= 0x01
    archive.write_bytes(bytes(data))


def _flip_a_byte_of_the_database(archive: Path) -> None:
    _flip_a_byte(archive, "base/")


def _flip_a_byte_of_the_manifest(archive: Path) -> None:
    _flip_a_byte(archive, "manifest.json")


def _cut_in_half(archive: Path) -> None:
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (_flip_a_byte_of_the_database, "« base/barometre."),
        (_flip_a_byte_of_the_manifest, "manifeste"),
        (_cut_in_half, "tronquée"),
    ],
)
def test_a_damaged_archive_is_refused_before_anything_is_written(
    installation: Wave, tmp_path: Path, damage: object, said: str
) -> None:
    archive = take_backup(tmp_path / "sauvegardes")
    damage(archive)  # type: ignore[operator]
    target = empty_twin(tmp_path)
    try:
        code, output = restore_elsewhere(archive, target, tmp_path / "restaure")
        assert code != 0
        assert said in output
        assert "Rien n'a été restauré." in output
        assert every_row(target) == {}
    finally:
        drop(target)
    assert not (tmp_path / "restaure").exists()


def test_a_backup_from_a_newer_version_is_refused(installation: Wave, tmp_path: Path) -> None:
    archive = take_backup(tmp_path / "sauvegardes")
    manifest = archives.unpack(archive, tmp_path / "parts")
    manifest["migrations"].append(["collection", "9999_avenir"])
    parts = {name: tmp_path / "parts" / name for name in manifest["parts"]}
    newer = tmp_path / "barometre-sauvegarde-20990101T000000Z.tar"
    archives.write(newer, manifest, parts)
    before = every_row()
    with pytest.raises(CommandError, match="version plus récente") as refusal:
        call_command("restore", newer, force=True)
    assert "collection.9999_avenir" in str(refusal.value)
    assert every_row() == before
