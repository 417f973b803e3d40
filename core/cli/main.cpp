// Entry point of `zoho-auth`; everything else is in cli.cpp (testable without a process).
#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return zc::run_cli(args, std::cin, std::cout, std::cerr);
}
