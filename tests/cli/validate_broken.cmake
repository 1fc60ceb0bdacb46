# `tandem validate` on a broken file exits 1 and prints the JSON pointer of every problem.
execute_process(COMMAND ${CLI} validate ${FIXTURES}/invalid-workspace.json
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 1)
  message(FATAL_ERROR "expected exit 1, got ${code}: ${out}${err}")
endif()
foreach(expected
    "/config/stages/mql_score: must be a number"
    "/contacts/1/id: the contact \"c1\" appears twice"
    "/ops/1/at: not an ISO-8601 time"
    "/ops/2/id: \"crm-1\" is not of the form"
    "/ops/3/props/outcome: \"maybe\" is not one of responded, no_response")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "missing \"${expected}\" in:\n${out}")
  endif()
endforeach()
execute_process(COMMAND ${CLI} validate ${FIXTURES}/minimal.json RESULT_VARIABLE code OUTPUT_VARIABLE out)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "a valid file should pass: ${out}")
endif()
