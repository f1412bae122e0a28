from . import delivery_carrier
from . import merchandising_sample
from . import merchandising_sample_type
from . import merchandising_stage
from . import merchandising_stage_history
from . import res_partner
from . import sale_order
