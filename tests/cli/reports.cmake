# `tandem reports FILE -o DIR` writes every kind of the report table, each the bytes
# `tandem report KIND` prints; `tandem reports` alone lists the kinds.
set(dir ${WORK}/reports)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
execute_process(COMMAND ${CLI} reports ${FIXTURES}/scenario-deals.json -o ${dir} --format csv
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "expected exit 0, got ${code}: ${out}${err}")
endif()
execute_process(COMMAND ${CLI} reports RESULT_VARIABLE code OUTPUT_VARIABLE listed)
string(JSON count LENGTH "${listed}")
file(GLOB written ${dir}/*.csv)
list(LENGTH written files)
if(NOT code EQUAL 0 OR NOT files EQUAL count)
  message(FATAL_ERROR "${files} files written for ${count} kinds")
endif()
execute_process(COMMAND ${CLI} report deals ${FIXTURES}/scenario-deals.json --format csv
  OUTPUT_VARIABLE printed)
file(READ ${dir}/deals.csv deals)
if(NOT printed STREQUAL deals)
  message(FATAL_ERROR "deals.csv differs from `tandem report deals`:\n${deals}\n${printed}")
endif()
