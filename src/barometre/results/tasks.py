"""Result sets built by the background worker: the staff page starts the job, never waits for it.

A build takes from seconds to minutes (extraction, estimation, linked disclosure over every
table): the wave page queues it (``start_build``) and links to the job's progress page. The job
is refused while another build of the same wave is waiting or running, and a job started again
after its worker was killed does not build a second revision when the first one was stored.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django_tasks import task

from barometre.audit.models import AuditEvent
from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.models import Response, ResponseStatus
from barometre.jobs.models import FINISHED, Job, JobKind
from barometre.jobs.runner import JobError, Progress, run, start
from barometre.results.build import build_result_set, check_buildable
from barometre.results.errors import ResultsError
from barometre.results.models import Kind, ResultSet
from barometre.results.queries import latest_final


@task()
def build_results_job(job_id: int) -> None:
    run(job_id, _build)


def start_build(wave: Wave, kind: str, actor: User | None, reason: str = "") -> Job:
    """Queue a new revision of ``wave``'s results, after the checks the build itself makes."""
    reason = reason.strip()
    with transaction.atomic():
        wave = Wave.objects.select_for_update().select_related("campaign").get(pk=wave.pk)
        check_buildable(wave, kind)
        published = latest_final(wave) if wave.status == WaveStatus.PUBLISHED else None
        if published is not None and kind == Kind.FINAL and not reason:
            raise ResultsError(
                f"Indiquez le motif de la révision : elle remplacera la révision "
                f"{published.revision} publiée, et ce motif est journalisé."
            )
        if not Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED).exists():
            raise ResultsError("Aucune réponse soumise dans cette vague : rien à estimer.")
        running = building(wave)
        if running is not None:
            raise ResultsError(
                f"Un calcul des résultats de cette vague est déjà {running.state_label} "
                f"(tâche n° {running.pk}) : attendez sa fin avant d'en lancer un autre."
            )
        label = Kind(kind).label
        title = f"Résultats {label}s — {wave.campaign.name}, vague {wave.number}"
        params: dict[str, object] = {"nature": kind, "motif": reason}
        if published is not None and kind == Kind.FINAL:
            params["remplace"] = published.revision
        return start(
            JobKind.RESULTS, title, build_results_job, params=params, actor=actor, wave=wave
        )


def building(wave: Wave) -> Job | None:
    """The build of ``wave`` waiting or running now, if any (an interrupted one does not count)."""
    jobs = Job.objects.filter(wave=wave, kind=JobKind.RESULTS).exclude(state__in=FINISHED)
    return next((job for job in jobs.order_by("-pk") if not job.interrupted), None)


def built_by(job: Job) -> ResultSet | None:
    """The result set this job stored, if an earlier attempt got that far."""
    event = (
        AuditEvent.objects.filter(action="results.built", detail__job=job.pk)
        .order_by("-pk")
        .first()
    )
    if event is None:
        return None
    return ResultSet.objects.filter(pk=event.object_id).first()


def _build(job: Job, progress: Progress) -> str:
    if job.wave is None:
        raise JobError("Cette tâche de calcul ne désigne plus de vague.")
    done = built_by(job)
    if done is not None:
        return summary(done, job)
    audit: dict[str, object] = {"job": job.pk}
    if job.params.get("motif"):
        audit["reason"] = job.params["motif"]
    try:
        result_set = build_result_set(
            job.wave,
            str(job.params["nature"]),
            job.created_by,
            progress=lambda done, total, _label: progress(done, total),
            audit=audit,
        )
    except ResultsError as error:
        raise JobError(str(error)) from None
    return summary(result_set, job)


def summary(result_set: ResultSet, job: Job) -> str:
    hidden = result_set.estimates.exclude(suppressed="").count()
    said = (
        f"Révision {result_set.revision} ({result_set.get_kind_display()}) construite sur "
        f"{result_set.responses} réponse(s) soumise(s) ; {hidden} cellule(s) sous secret."
    )
    if job.params.get("remplace"):
        said += (
            f" Elle remplace la révision {job.params['remplace']} sur le tableau de bord, "
            "l'API et les données ouvertes."
        )
    return said
