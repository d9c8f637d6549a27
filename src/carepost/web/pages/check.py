"""The guard check page (lands once `carepost.guard.check` exists)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
