"""The request of a signed-in person, as the type checker should see it.

`LoginRequiredMiddleware` turns anonymous visitors away from every view that is not marked
`@login_not_required`, so in all other views `request.user` is a `User`. The stubs cannot know
that and type it `User | AnonymousUser`; annotating such a view's request as `AuthedRequest`
states what the middleware guarantees. A public view keeps `HttpRequest` and checks
`request.user.is_authenticated` itself.

Only an annotation: Django builds the request, and nothing is checked at run time.
"""

from __future__ import annotations

from django.http import HttpRequest

from selvhjelp.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User
