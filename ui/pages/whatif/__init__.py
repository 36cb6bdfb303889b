"""The What if page: controls (view), results (table and chart) and the page's controller."""

from ui.pages.whatif.controller import MAX_SAVED, Choices, Saved, Variant, WhatIfController
from ui.pages.whatif.page import WhatIfPage

__all__ = ["MAX_SAVED", "Choices", "Saved", "Variant", "WhatIfController", "WhatIfPage"]
