from __future__ import annotations

from datetime import datetime

import pytest
from time_machine import TimeMachineFixture

from selvhjelp.lib.recurrence import OSLO


@pytest.fixture
def frozen(time_machine: TimeMachineFixture) -> datetime:
    """Stop the clock at Monday 1 March 2027, 12:00 in Oslo."""
    moment = datetime(2027, 3, 1, 12, tzinfo=OSLO)
    time_machine.move_to(moment, tick=False)
    return moment
