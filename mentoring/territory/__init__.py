"""The territory curator's management of the territory's organisations (issue
14): the list, creating and editing an organisation, its first curator
account with a one-time link to set the password. Core code only: it imports
nothing of the feature apps (the organisation's defaults come through
``mentoring.signals.organization_created``)."""
