# What each target precompiles (brigade_precompile, cmake/build_speed.cmake):
# the heavy third-party headers its layer may use (docs/architecture.md), so
# a precompiled header never lets a layer see a library it may not include.
# Included after every target exists.

set(brigade_pch_fmt <fmt/format.h>)
set(brigade_pch_log <fmt/format.h> <spdlog/spdlog.h>)
set(brigade_pch_json <nlohmann/json.hpp>)
# What every layer on the event loops includes, directly or through
# http/types.hpp and http/loop.hpp.
set(brigade_pch_asio
    <boost/asio/io_context.hpp>
    <boost/asio/ip/tcp.hpp>
    <boost/asio/post.hpp>
    <boost/asio/steady_timer.hpp>
    <boost/beast/http/message.hpp>
    <boost/beast/http/string_body.hpp>)
# Beast's stream and HTTP/1.1 machinery, used inside http only.
set(brigade_pch_beast
    <boost/beast/core/flat_buffer.hpp>
    <boost/beast/core/tcp_stream.hpp>
    <boost/beast/http/parser.hpp>
    <boost/beast/http/read.hpp>
    <boost/beast/http/write.hpp>
    <boost/beast/ssl/ssl_stream.hpp>)

brigade_precompile(brigade_common ${brigade_pch_log})
brigade_precompile(brigade_kitchen ${brigade_pch_fmt})
brigade_precompile(brigade_wire ${brigade_pch_json} ${brigade_pch_fmt})
brigade_precompile(brigade_auth ${brigade_pch_json} ${brigade_pch_fmt})
brigade_precompile(brigade_store ${brigade_pch_json} ${brigade_pch_fmt})
brigade_precompile(brigade_http ${brigade_pch_asio} ${brigade_pch_beast} ${brigade_pch_log})
brigade_precompile(brigade_engineio ${brigade_pch_asio} ${brigade_pch_log})
brigade_precompile(brigade_socketio ${brigade_pch_asio} ${brigade_pch_json} ${brigade_pch_log})
brigade_precompile(brigade_api_decoding ${brigade_pch_json} ${brigade_pch_fmt})
brigade_precompile(brigade_room_requests ${brigade_pch_json})
brigade_precompile(brigade_api ${brigade_pch_asio} ${brigade_pch_json} ${brigade_pch_log})
brigade_precompile(brigade_realtime ${brigade_pch_asio} ${brigade_pch_json} ${brigade_pch_log})
brigade_precompile(brigade_app ${brigade_pch_asio} ${brigade_pch_json} ${brigade_pch_log})
brigade_precompile(brigade_cli_config ${brigade_pch_log} <CLI/CLI.hpp> <toml++/toml.h>)

if(BRIGADE_TESTS)
  set(brigade_pch_test <gtest/gtest.h>)
  brigade_precompile(common_unit_tests ${brigade_pch_test} ${brigade_pch_log})
  brigade_precompile(kitchen_unit_tests ${brigade_pch_test} ${brigade_pch_fmt})
  brigade_precompile(store_unit_tests ${brigade_pch_test} ${brigade_pch_json} ${brigade_pch_fmt})
  brigade_precompile(auth_unit_tests ${brigade_pch_test} ${brigade_pch_json} ${brigade_pch_fmt})
  foreach(layer http engineio socketio api realtime)
    brigade_precompile(${layer}_unit_tests ${brigade_pch_test} ${brigade_pch_asio} ${brigade_pch_json}
                       ${brigade_pch_log})
  endforeach()
  brigade_precompile(cli_unit_tests ${brigade_pch_test} ${brigade_pch_log} <CLI/CLI.hpp> <toml++/toml.h>)
endif()
