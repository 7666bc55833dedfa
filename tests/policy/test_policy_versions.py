from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from retainer.policy.models import PolicyVersion
from retainer.policy.services import policy_current, policy_update

pytestmark = pytest.mark.django_db


def post_policy(http, **changes):
    """Submit the policy editor as shown, with `changes` typed over it."""
    form = http.get("/policy/edit/").context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return http.post("/policy/edit/", data | changes)


def test_every_change_is_a_new_version(team, as_user):
    http = as_user(team.olena)
    response = post_policy(http, free_change_threshold_min="45",
                           note="Меньше бесплатных правок")
    assert response.status_code == 302
    current = policy_current(agency=team.agency)
    assert (current.version, current.free_change_threshold_min) == (2, 45)
    page = http.get("/policy/").content.decode()
    assert "Меньше бесплатных правок" in page and "45" in page


def test_saving_without_a_change_writes_no_version(team):
    assert policy_update(agency=team.agency, actor=team.olena.user, changes={}) is None
    assert PolicyVersion.objects.for_agency(team.agency).count() == 1


def test_bad_values_are_refused_and_nothing_is_written(team, as_user):
    response = post_policy(as_user(team.olena), burn_alert_first_pct="100",
                           burn_alert_second_pct="90")
    assert response.status_code == 200
    assert "burn_alert_second_pct" in response.context["form"].errors
    assert PolicyVersion.objects.for_agency(team.agency).count() == 1


def test_old_versions_are_immutable(team):
    version = PolicyVersion.objects.for_agency(team.agency).get()
    version.document = {"revision_rounds": 9}
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.delete()


def test_agencies_have_separate_policies(team, rival):
    policy_update(agency=team.agency, actor=team.olena.user, changes={"revision_rounds": 4})
    assert policy_current(agency=rival.agency).revision_rounds == 2


def test_the_editor_shows_every_setting_so_a_browser_can_save_it(team, as_user):
    """The form requires every setting; the page renders only those its sections list."""
    http = as_user(team.olena)
    form = http.get("/policy/edit/").context["form"]
    page = http.get("/policy/edit/").content.decode()
    missing = [name for name in form.fields
               if name != "note" and f'name="{name}"' not in page]
    assert missing == []
