from django.urls import path

from retainer.conflicts import views

urlpatterns = [
    path("conflicts/", views.conflict_index, name="conflict_list"),
    path("clients/<int:client_id>/conflicts/new/", views.conflict_new, name="conflict_new"),
    path("clients/<int:client_id>/conflicts/panel/", views.client_conflicts,
         name="client_conflicts"),
    path("conflicts/<int:conflict_id>/", views.conflict_detail, name="conflict_detail"),
    path("conflicts/<int:conflict_id>/edit/", views.conflict_edit, name="conflict_edit"),
    path("conflicts/<int:conflict_id>/step/", views.conflict_step, name="conflict_step"),
    path("conflicts/<int:conflict_id>/handover/", views.conflict_handover,
         name="conflict_handover"),
    path("conflicts/<int:conflict_id>/close/", views.conflict_close, name="conflict_close"),
]
