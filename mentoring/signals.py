"""Signals of the shared core. The core sends them; feature apps (roadmap,
reports, ...) connect receivers in their ``AppConfig.ready``, so that the core
never imports them (CONVENTIONS.md, Layout)."""

from django.dispatch import Signal

# Sent by ``mentoring.services.create_organization`` inside its transaction, once,
# when an organisation is created (not when an existing one is returned), with
# the keyword arguments ``organization`` (its ``kind`` decides the defaults),
# ``academic_year`` (the current one, of its first programme) and ``actor`` (the
# user who created it, or None from a command). Receivers give the kind's
# defaults: the roadmap from the kind's template (roadmap), the indicator set
# (reports). An exception in a receiver rolls the creation back.
organization_created = Signal()
