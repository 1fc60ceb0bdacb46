// Stands in for a lifecycle header.
#pragma once
