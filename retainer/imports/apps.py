from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "retainer.imports"

    def ready(self) -> None:
        from retainer.imports import recovery  # noqa: F401  (registers the clean-up)
