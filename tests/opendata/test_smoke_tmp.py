import json
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

def test_smoke(make_group, contact_point):
    make_group("Sorggruppe", contact_point=contact_point)
    c = Client()
    for path in ["/api/v1/", "/api/v1/groups", "/api/v1/groups?q=sorg&county=03", "/api/v1/themes", "/api/v1/contact-points", "/api/v1/counties", "/api/v1/municipalities", "/api/v1/meeting-guide.json", f"/api/v1/contact-points/{contact_point.slug}/meeting-guide.json", "/api/v1/openapi.json", "/api/v1/docs/", "/innbygging/?kommune=0301", "/api/v1/groups?day=9"]:
        r = c.get(path)
        print(path, r.status_code, dict(r.headers).get("Content-Type"), r.content[:300])
    print(json.dumps(json.loads(c.get("/api/v1/openapi.json").content)["openapi"]))
