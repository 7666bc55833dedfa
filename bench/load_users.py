"""The load benchmark's users, for locust (run by bench/load.py, not by hand).

`Manager` is an account manager's day: the dashboard, client pages, the waiting queue and
the attention list in the browser, reads over the API, new messages and requests decided
over the API. `Floor` is the same user asking for a trivial page behind the same middleware.
Both act as the demo members bench/load.py logged in; its plan (the path in LOAD_PLAN) holds
their session keys and API tokens and the clients they read and write.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from datetime import UTC, datetime
from pathlib import Path

import gevent
from locust import constant, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
MAX_REQUESTS = int(os.environ["LOAD_MAX_REQUESTS"])
# Where every request's time is written at the end: bench/load.py works out percentiles over
# all the rounds of one side from them (locust's own are per run, and cannot be merged).
TIMES = Path(os.environ["LOAD_TIMES"])
# Behind the proxy of a production set-up: the requests arrive as HTTPS.
PROXIED = {"X-Forwarded-Proto": "https"}

MESSAGES = [
    ("in", "Добрый день! Когда будет готов макет главной страницы?"),
    ("in", "Підкажіть, будь ласка, чи встигаємо з банерами до п'ятниці?"),
    ("in", "Hi, could you send the report for last month? Thanks."),
    ("in", "Опять всё сорвали, нас это совершенно не устраивает."),
    ("out", "Отправили макет на согласование, ждём ваших комментариев."),
    ("out", "Thanks, the banners are ready: links in the shared folder."),
]
REQUESTS = [
    ("Новый размер баннера", 30),
    ("Поправить текст на лендинге", 20),
    ("Ще один варіант логотипа", 45),
    ("An extra landing-page block", 240),
    ("Анимация на главной", 90),
]

_members = itertools.count()
_sent = itertools.count(1)


@events.init.add_listener
def _bound(environment, **_kwargs) -> None:
    """Stop the whole run once LOAD_MAX_REQUESTS requests are sent, whatever the time, and
    keep (name, ended at, milliseconds, failed) of every request for LOAD_TIMES."""
    requests: list[tuple[str, float, float, bool]] = []

    @environment.events.request.add_listener
    def _count(name, response_time, exception=None, **_kwargs) -> None:
        requests.append((name, time.time(), response_time, exception is not None))
        if next(_sent) == MAX_REQUESTS:
            # Not from this user's own greenlet, which the stop ends.
            gevent.spawn(environment.runner.quit)

    @environment.events.quitting.add_listener
    def _write(**_kwargs) -> None:
        TIMES.write_text(json.dumps(requests), encoding="utf-8")


class Member(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self) -> None:
        member = PLAN["members"][next(_members) % len(PLAN["members"])]
        self.page_headers = PROXIED | {
            "Cookie": f"{PLAN['session_cookie']}={member['session']}",
            "Accept-Language": member["language"],
        }
        self.api_headers = PROXIED | {"Authorization": f"Bearer {member['token']}"}
        self.user_id = member["user_id"]

    def expect(self, method: str, url: str, status: int, *, name: str, api: bool = False,
               **kwargs):
        """Any answer but the one the step expects is a failure, redirects included: a page
        that sends the member to the login form has not been served."""
        headers = self.api_headers if api else self.page_headers
        with self.client.request(method, url, headers=headers, name=name, catch_response=True,
                                 allow_redirects=False, **kwargs) as response:
            if response.status_code != status:
                response.failure(f"{response.status_code} instead of {status}")
            return response


class Floor(Member):
    @task
    def trivial(self) -> None:
        self.expect("GET", "/floor/", 200, name="floor")


class Manager(Member):
    @task(8)
    def dashboard(self) -> None:
        self.expect("GET", "/", 200, name="dashboard")

    @task(4)
    def client_list(self) -> None:
        self.expect("GET", "/clients/", 200, name="client list")

    @task(16)
    def client_page(self) -> None:
        self.expect("GET", f"/clients/{random.choice(PLAN['read_clients'])}/", 200,
                    name="client page")

    @task(6)
    def waiting_queue(self) -> None:
        self.expect("GET", "/waiting/", 200, name="waiting queue")

    @task(6)
    def attention(self) -> None:
        self.expect("GET", "/attention/", 200, name="attention")

    @task(6)
    def api_clients(self) -> None:
        self.expect("GET", "/api/clients?limit=25", 200, name="api clients", api=True)

    @task(10)
    def api_interactions(self) -> None:
        client = random.choice(PLAN["read_clients"])
        self.expect("GET", f"/api/interactions?client={client}", 200, name="api interactions",
                    api=True)

    @task(4)
    def api_waiting(self) -> None:
        self.expect("GET", "/api/waiting", 200, name="api waiting", api=True)

    @task(5)
    def new_interaction(self) -> None:
        direction, text = random.choice(MESSAGES)
        message = {"client": random.choice(PLAN["write_clients"]), "channel": "email",
                   "direction": direction, "occurred_at": datetime.now(UTC).isoformat(),
                   "text": text}
        if direction == "out":
            message["author"] = self.user_id
        self.expect("POST", "/api/interactions", 201, name="new interaction", api=True,
                    json=message)

    @task(2)
    def decision(self) -> None:
        title, estimate = random.choice(REQUESTS)
        created = self.expect(
            "POST", "/api/requests", 201, name="new request", api=True,
            json={"client": random.choice(PLAN["write_clients"]), "kind": "change",
                  "title": title, "estimate_min": estimate})
        if created.status_code == 201:
            self.expect("POST", f"/api/requests/{created.json()['id']}/decision", 201,
                        name="decision", api=True)
