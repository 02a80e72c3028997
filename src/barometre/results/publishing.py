"""Publishing a wave: the final result set the operator reviewed becomes the one every public
page, the API and the open data read — if it is still the newest, and the wave still closed."""

from __future__ import annotations

from django.contrib.auth.models import User

from barometre.campaigns import flows
from barometre.campaigns.models import Wave
from barometre.results.errors import ResultsError
from barometre.results.queries import latest_final


def publish_result_set(wave: Wave, revision: int, actor: User | None) -> Wave:
    """Publish ``wave`` with its final result set ``revision`` (the one reviewed)."""

    def still_the_one(locked: Wave) -> None:
        newest = latest_final(locked)
        if newest is None:
            raise ResultsError(
                "Cette vague n'a pas de jeu de résultats définitif : construisez-le et "
                "relisez-le avant de publier."
            )
        if newest.revision != revision:
            raise ResultsError(
                f"Le jeu définitif le plus récent est la révision {newest.revision}, pas la "
                f"révision {revision} que vous avez relue : relisez-la avant de publier. "
                "Rien n'a été publié."
            )

    return flows.publish(
        wave, actor, note=f"jeu de résultats définitif, révision {revision}", check=still_the_one
    )
