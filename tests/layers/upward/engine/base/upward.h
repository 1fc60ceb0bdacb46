// A base header that reaches up: the layer check must refuse it.
#pragma once

#include "engine/lifecycle/replay.h"
