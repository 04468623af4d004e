// libsystemc's shared library defines main() and calls sc_main() (declared
// extern "C" in sysc/kernel/sc_externs.h); the fuzz target has libFuzzer's main()
// instead, which wins at link time, so this never runs. It only satisfies the
// library's reference.
extern "C" int sc_main(int /*argc*/, char* /*argv*/[]) { return 0; }
