// The test runner of CAF's own test macros, which io_dsl uses.
#include <caf/test/unit_test_impl.hpp>
