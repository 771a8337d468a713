def test_live(client):
    response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_checks_the_database(client):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok"}


def test_metrics_for_prometheus(client):
    response = client.get("/metrics/")
    assert response.status_code == 200
    assert "graphql_requests_total" in response.text
