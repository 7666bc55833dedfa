import pytest


@pytest.fixture(autouse=True)
def _english(settings):
    # The assertions read the English wording; pages, the API and the services' refusals
    # all fall back to the site's language here.
    settings.LANGUAGE_CODE = "en"
