"""Health checks for load balancers and orchestrators: live while the process serves, ready when the database
answers."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from fraiseql.fastapi.dependencies import get_db_pool

router = APIRouter()


@router.get("/health/live/")
async def live() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/health/ready/")
async def ready() -> JSONResponse:
    try:
        async with get_db_pool().connection(timeout=3) as conn:
            await conn.execute("select 1")
    except Exception as error:  # noqa: BLE001 (any failure means not ready; the body says which)
        return JSONResponse({"status": "unavailable", "checks": {"database": f"error: {type(error).__name__}"}}, 503)
    return JSONResponse({"status": "ok", "checks": {"database": "ok"}})
