#include "apps/bench/client_pool.hpp"

#include <boost/asio/post.hpp>

#include "apps/bench/nodes.hpp"

namespace troupe::bench {

client_pool::client_pool(std::size_t threads, std::vector<tcp::endpoint> nodes,
                         std::vector<asio::ip::address> sources)
  : nodes_(std::move(nodes)), sources_(std::move(sources)) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i) {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*contexts_.back()));
  }
  for (auto& ctx : contexts_)
    threads_.emplace_back([c = ctx.get()] { c->run(); });
}

namespace {

std::vector<asio::ip::address> addresses(const std::vector<std::string>& in) {
  std::vector<asio::ip::address> out;
  for (auto& s : in)
    out.push_back(asio::ip::make_address(s));
  return out;
}

} // namespace

client_pool::client_pool(const options& opts)
  : client_pool(opts.threads, node_endpoints(opts), addresses(opts.sources)) {
  // nop
}

client_pool::~client_pool() {
  stop();
}

void client_pool::stop() {
  for (auto& g : guards_)
    g.reset();
  for (auto& ctx : contexts_)
    ctx->stop();
  for (auto& t : threads_)
    if (t.joinable())
      t.join();
}

std::shared_ptr<session> client_pool::make_session(std::size_t index,
                                                   std::string name,
                                                   std::size_t node) {
  auto conn = std::make_shared<net::ws_client>(
    context_of(index), this->node(node), source_of(index));
  return std::make_shared<session>(std::move(conn), std::move(name));
}

const tcp::endpoint& client_pool::node(std::size_t node) const {
  return nodes_[node % nodes_.size()];
}

std::optional<asio::ip::address>
client_pool::source_of(std::size_t index) const {
  if (sources_.empty())
    return std::nullopt;
  return sources_[index % sources_.size()];
}

void client_pool::post(std::size_t index, std::function<void()> fn) {
  asio::post(context_of(index), std::move(fn));
}

void client_pool::run_for_each(std::size_t n,
                               const std::function<void(std::size_t)>& fn) {
  countdown left{n};
  for (std::size_t i = 0; i < n; ++i)
    post(i, [&fn, &left, i] {
      fn(i);
      left.done();
    });
  while (!left.finished())
    left.wait_for(100);
}

asio::io_context& client_pool::context_of(std::size_t index) {
  return *contexts_[index % contexts_.size()];
}

} // namespace troupe::bench
