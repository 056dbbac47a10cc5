from django.shortcuts import render

from multifactory.community import access, selectors


def multifactory_home(request, mf):
    multifactory = access.multifactory_get(mf)
    return render(
        request, "community/multifactory.html", {"multifactory": multifactory}
    )


def directory(request, mf):
    multifactory = access.multifactory_get(mf)
    organizations = selectors.organization_list(
        viewer=request.user, multifactory=multifactory
    )
    return render(
        request,
        "community/directory.html",
        {"multifactory": multifactory, "organizations": organizations},
    )


def organization_detail(request, mf, org):
    multifactory = access.multifactory_get(mf)
    organization = access.organization_get_for_person(request.user, multifactory, org)
    return render(
        request,
        "community/organization.html",
        {"multifactory": multifactory, "organization": organization},
    )


def people(request, mf):
    multifactory = access.multifactory_get_for_member(request.user, mf)
    return render(request, "community/people.html", {"multifactory": multifactory})


def mandates(request, mf):
    multifactory = access.multifactory_get_for_member(request.user, mf)
    return render(request, "community/mandates.html", {"multifactory": multifactory})
