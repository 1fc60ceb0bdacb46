# `tandem import-csv`: a bad row refuses the import (exit 1, its line printed); with
# --skip-bad-rows the rest is written, and `tandem report funnel` reads the result.
set(csv ${WORK}/import.csv)
file(WRITE ${csv} "Email,Converted\nana@example.com,1\nbo@example.com\ncy@example.com,0\n")
execute_process(COMMAND ${CLI} import-csv ${csv} -o ${WORK}/out.json
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 1)
  message(FATAL_ERROR "expected exit 1, got ${code}: ${out}${err}")
endif()
string(FIND "${out}" "/rows/3: line 3: 1 cells where the header has 2" at)
if(at EQUAL -1)
  message(FATAL_ERROR "missing the bad row's line in:\n${out}")
endif()
execute_process(COMMAND ${CLI} import-csv ${csv} --skip-bad-rows -o ${WORK}/out.json
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "expected exit 0, got ${code}: ${out}${err}")
endif()
execute_process(COMMAND ${CLI} report funnel ${WORK}/out.json
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(FIND "${out}" "\"customer\": 1" at)
if(NOT code EQUAL 0 OR at EQUAL -1)
  message(FATAL_ERROR "the imported file should report one customer: ${out}${err}")
endif()
