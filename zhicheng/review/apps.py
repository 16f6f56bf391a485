from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save


class ReviewConfig(AppConfig):
    name = "zhicheng.review"
    label = "review"
    verbose_name = "审核流程"

    def ready(self):
        post_save.connect(_user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="review_identity_tokens")
        _register_jobs()
        # in ready(): these modules import models, which load after the app registry
        from zhicheng.applications import timeline
        from zhicheng.publicity import kinds
        from zhicheng.publicity.models import Kind

        from .selectors import timeline_for
        from .services import qualification_objection_upheld

        kinds.register(Kind.QUALIFICATION, on_upheld=qualification_objection_upheld)
        timeline.contribute(timeline_for)


def _register_jobs():
    # called from ready(): jobs and services import models, which load after the app registry
    from zhicheng.core import jobs

    from .services import send_deadline_reminders

    jobs.register(
        "deadline_reminders", send_deadline_reminders, every=timedelta(hours=1), description="审核截止前提醒"
    )


def _user_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    # Logins save only last_login: no need to touch the tokens then.
    if raw:
        return
    if update_fields is None or "real_name" in update_fields:
        # in a receiver: names imports review.models, which cannot load before the app registry (apps.py does)
        from .names import sync_name_tokens

        sync_name_tokens(instance)
    if update_fields is not None and "id_number" not in update_fields:
        return
    if created and not instance.id_number:
        return
    # in a receiver: identity imports review.models, which cannot load before the app registry (apps.py does)
    from .identity import sync_tokens

    sync_tokens(instance)
