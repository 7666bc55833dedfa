from django.urls import path

from retainer.scope import views

urlpatterns = [
    path("clients/<int:client_id>/requests/new/", views.request_new, name="request_new"),
    path("requests/", views.request_index, name="request_list"),
    path("requests/overrides/", views.override_index, name="override_list"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<int:request_id>/decide/", views.request_decide_view, name="request_decide"),
    path("requests/<int:request_id>/override/", views.decision_override_view,
         name="decision_override"),
    path("requests/<int:request_id>/reply/", views.decision_reply_view, name="decision_reply"),
    path("requests/<int:request_id>/answer/", views.decision_answer_view,
         name="decision_answer"),
]
