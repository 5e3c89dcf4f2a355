from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def my_cases(request):
    return render(request, "cases/my_cases.html", {})
