from django.urls import path

from multifactory.governance import views

app_name = "governance"

urlpatterns = [
    path("m/<slug:mf>/governance/", views.proposal_list, name="proposals"),
    path("m/<slug:mf>/governance/new/", views.proposal_create, name="proposal_create"),
    path("m/<slug:mf>/governance/p/<int:pk>/", views.proposal_detail, name="proposal"),
    path("m/<slug:mf>/governance/p/<int:pk>/vote/", views.ballot_cast, name="vote"),
    path(
        "m/<slug:mf>/governance/p/<int:pk>/receipt/",
        views.receipt_check,
        name="receipt_check",
    ),
    path("m/<slug:mf>/governance/p/<int:pk>/open/", views.proposal_open, name="open"),
    path(
        "m/<slug:mf>/governance/p/<int:pk>/close/", views.proposal_close, name="close"
    ),
    path(
        "m/<slug:mf>/governance/p/<int:pk>/withdraw/",
        views.proposal_withdraw,
        name="withdraw",
    ),
    path("m/<slug:mf>/governance/decisions/", views.decision_list, name="decisions"),
    path(
        "m/<slug:mf>/governance/decisions/<int:year>/<int:seq>/",
        views.decision_detail,
        name="decision",
    ),
    path("m/<slug:mf>/governance/rules/", views.rule_list, name="rules"),
    path("m/<slug:mf>/governance/charter/", views.charter, name="charter"),
    path("m/<slug:mf>/governance/assemblies/", views.assembly_list, name="assemblies"),
    path(
        "m/<slug:mf>/governance/assemblies/ask/",
        views.assembly_request,
        name="assembly_request",
    ),
    path(
        "m/<slug:mf>/governance/assemblies/new/",
        views.assembly_convene,
        name="assembly_convene",
    ),
    path(
        "m/<slug:mf>/governance/assemblies/<int:pk>/",
        views.assembly_detail,
        name="assembly",
    ),
    path(
        "m/<slug:mf>/governance/assemblies/<int:pk>/proxy/",
        views.assembly_proxy,
        name="assembly_proxy",
    ),
    path(
        "m/<slug:mf>/governance/assemblies/<int:pk>/attendance/",
        views.assembly_attendance,
        name="assembly_attendance",
    ),
    path(
        "m/<slug:mf>/governance/assemblies/<int:pk>/cancel/",
        views.assembly_cancel,
        name="assembly_cancel",
    ),
    path(
        "m/<slug:mf>/governance/assemblies/<int:pk>/minutes/",
        views.assembly_minutes,
        name="assembly_minutes",
    ),
    path("m/<slug:mf>/join/", views.open_call_list, name="open_calls"),
    path("m/<slug:mf>/join/new/", views.open_call_publish, name="open_call_publish"),
    path("m/<slug:mf>/join/<int:pk>/", views.open_call_detail, name="open_call"),
    path(
        "m/<slug:mf>/join/confirm/<str:token>/",
        views.application_confirm,
        name="application_confirm",
    ),
    path(
        "m/<slug:mf>/governance/applications/<int:pk>/",
        views.application_detail,
        name="application",
    ),
    path(
        "m/<slug:mf>/governance/applications/<int:pk>/evaluate/",
        views.application_evaluate,
        name="application_evaluate",
    ),
    path(
        "m/<slug:mf>/governance/applications/<int:pk>/propose/",
        views.application_propose,
        name="application_propose",
    ),
]
