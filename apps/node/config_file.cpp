#include "apps/node/node_config.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "apps/node/config_text.hpp"

// Reading conf/troupe.ini and `--section.key=value` overrides: what CAF's
// parser leaves out (unquoted strings, `#` comments, unknown keys) and its
// errors told by file and line.

namespace troupe::node {

using namespace config_text;

namespace {

constexpr const char* default_config_path = "conf/troupe.ini";

bool file_exists(const std::string& path) {
  std::ifstream in{path};
  return in.good();
}

} // namespace

std::string node_config::normalize_ini(const std::string& ini) {
  std::istringstream in{ini};
  std::ostringstream out;
  std::string line;
  std::string section;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto text = trim(line);
    if (text.empty() || text[0] == ';' || text[0] == '#') {
      out << '\n';
      continue;
    }
    if (text[0] == '[') {
      section = trim(text.substr(1, text.find(']') - 1));
      out << line << '\n';
      continue;
    }
    auto eq = text.find('=');
    if (eq == std::string::npos) {
      out << line << '\n'; // CAF reports the syntax error with its line
      continue;
    }
    auto key = trim(text.substr(0, eq));
    auto [value, comment] = split_comment(text.substr(eq + 1));
    auto name = section + "." + key;
    set_keys_[name] = number;
    auto known = known_.find(name);
    if (known != known_.end() && known->second
        && (value.empty() || value[0] != '"'))
      value = quote(value);
    out << key << " = " << value << '\n';
  }
  return out.str();
}

std::string node_config::load(int argc, char** argv) {
  std::vector<std::string> args;
  std::string path;
  // `--section.key=value` overrides become INI lines after the file's, so
  // that both are read alike (CAF's own command line has other rules, e.g.
  // for booleans).
  std::string overrides;
  static const std::regex option_arg{
    R"(--([A-Za-z_]\w*)\.([A-Za-z_]\w*)=(.*))"};
  for (int i = 1; i < argc; ++i) {
    std::string arg{argv[i]};
    std::smatch m;
    if (arg == "--config" && i + 1 < argc)
      path = argv[++i];
    else if (arg.rfind("--config=", 0) == 0)
      path = arg.substr(9);
    else if (arg == "--config")
      return "--config needs a file name";
    else if (std::regex_match(arg, m, option_arg))
      overrides
        += "[" + m[1].str() + "]\n" + m[2].str() + " = " + m[3].str() + "\n";
    else
      args.push_back(std::move(arg));
  }
  if (path.empty() && file_exists(default_config_path))
    path = default_config_path;
  std::string text;
  if (!path.empty()) {
    std::ifstream file{path};
    if (!file)
      return "cannot read config file " + path;
    std::ostringstream contents;
    contents << file.rdbuf();
    text = contents.str();
    if (!text.empty() && text.back() != '\n')
      text += '\n';
    config_path_ = path;
  }
  file_lines_ = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  auto ini = normalize_ini(text + overrides);
  std::istringstream ini_stream{ini};
  if (auto err = parse(std::move(args), ini_stream))
    return describe_parse_error(caf::to_string(err));
  if (!remainder.empty())
    return "unexpected argument '" + remainder.front()
           + "' (options look like --section.key=value)";
  return validate();
}

std::string node_config::origin(int line) const {
  if (line > file_lines_)
    return "command line";
  return config_path_ + ":" + std::to_string(line);
}

std::string node_config::describe_parse_error(const std::string& err) const {
  // CAF names the line of an INI fault ("line" = N); name its option too.
  static const std::regex line_field{R"("line" = (\d+))"};
  std::smatch m;
  if (std::regex_search(err, m, line_field)) {
    auto line = std::stoi(m[1]);
    for (auto& [name, at] : set_keys_)
      if (at == line)
        return origin(line) + ": bad value for '" + name + "' (" + err + ")";
    return origin(line) + ": " + err;
  }
  return err;
}

} // namespace troupe::node
