from django.urls import path

from retainer.status import views

urlpatterns = [
    path("s/<str:token>/", views.status_page_view, name="status_page"),
    path("s/<str:token>/rate/<int:deliverable_id>/", views.status_rate_view,
         name="status_rate"),
    path("agreements/<int:agreement_id>/status-link/issue/", views.status_link_issue_view,
         name="status_link_issue"),
    path("agreements/<int:agreement_id>/status-link/revoke/", views.status_link_revoke_view,
         name="status_link_revoke"),
]
