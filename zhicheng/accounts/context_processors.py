from .models import Role


def roles(request):
    """`Role` in every template, so that a template names a role as `Role.EXPERT`, never as a string."""
    return {"Role": Role}
