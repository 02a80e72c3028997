"""Background jobs as the team sees them: the list, one job's progress, starting it again."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import staff_required
from barometre.jobs.models import Job
from barometre.jobs.runner import JobError, start_again

LISTED = 100


def visible_jobs(profile: StaffProfile) -> QuerySet[Job]:
    """Operators see every job; a relay sees the jobs it started."""
    jobs = Job.objects.select_related("wave__campaign", "created_by")
    if profile.role == StaffRole.OPERATOR:
        return jobs
    return jobs.filter(created_by=profile.user)


@staff_required(StaffRole.OPERATOR, StaffRole.RELAY)
@require_GET
def job_list(request: HttpRequest, profile: StaffProfile) -> HttpResponse:
    context = {
        "title": "Tâches de fond",
        "profile": profile,
        "jobs": visible_jobs(profile)[:LISTED],
        "listed": LISTED,
    }
    return render(request, "www/staff/jobs.html", context)


@staff_required(StaffRole.OPERATOR, StaffRole.RELAY)
@require_GET
def job_detail(request: HttpRequest, profile: StaffProfile, job_id: int) -> HttpResponse:
    job = _visible(profile, job_id)
    context = {"title": job.title, "profile": profile, "job": job, "wave": job.wave}
    return render(request, "www/staff/job.html", context)


@staff_required(StaffRole.OPERATOR, StaffRole.RELAY)
@require_POST
def job_restart(request: HttpRequest, profile: StaffProfile, job_id: int) -> HttpResponse:
    job = _visible(profile, job_id)
    try:
        start_again(job, profile.user)
    except JobError as error:
        messages.error(request, str(error))
        return redirect("staff:job", job_id=job.pk)
    messages.success(request, "Tâche relancée : ce qui avait déjà été fait ne sera pas refait.")
    return redirect("staff:job", job_id=job.pk)


def _visible(profile: StaffProfile, job_id: int) -> Job:
    job = visible_jobs(profile).filter(pk=job_id).first()
    if job is None:
        raise Http404("Aucune tâche de ce numéro ne vous est visible.")
    return job
