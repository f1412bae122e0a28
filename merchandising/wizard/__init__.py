from . import merchandising_costing_version
from . import merchandising_customs_reset
from . import merchandising_promise_wizard
from . import merchandising_tna_replan
