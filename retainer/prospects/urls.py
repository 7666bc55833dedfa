from django.urls import path

from retainer.prospects import views

urlpatterns = [
    path("prospects/", views.prospect_index, name="prospect_list"),
    path("prospects/new/", views.prospect_new, name="prospect_new"),
    path("prospects/portrait/", views.portrait_page, name="portrait"),
    path("prospects/plans/", views.sales_plan_page, name="sales_plan"),
    path("prospects/plans/<int:plan_id>/edit/", views.sales_plan_edit, name="sales_plan_edit"),
    path("prospects/<int:prospect_id>/", views.prospect_detail, name="prospect_detail"),
    path("prospects/<int:prospect_id>/edit/", views.prospect_edit, name="prospect_edit"),
    path("prospects/<int:prospect_id>/decide/", views.prospect_decide_view,
         name="prospect_decide"),
    path("prospects/<int:prospect_id>/convert/", views.prospect_convert_view,
         name="prospect_convert"),
]
