from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "retainer.demo"
