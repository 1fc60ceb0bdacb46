# The layer check refuses a tree whose base header includes a lifecycle header, naming the line.
execute_process(COMMAND ${CHECK} ${TREE} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "the check passed a tree with an upward include:\n${out}")
endif()
if(NOT out MATCHES "engine/base/upward.h:4: includes engine/lifecycle/replay.h: lifecycle is a higher layer than base")
  message(FATAL_ERROR "the check did not name the upward include:\n${out}")
endif()
