// Symbol visibility for the public API. Everything is built with -fvisibility=hidden;
// only declarations marked RMQ_EXPORT are part of the shared libraries' ABI.
#ifndef ROCKETMQ_EXPORT_H_
#define ROCKETMQ_EXPORT_H_

#if defined(RMQ_STATIC_DEFINE)
#define RMQ_EXPORT
#elif defined(_WIN32)
#if defined(RMQ_BUILDING_LIBRARY)
#define RMQ_EXPORT __declspec(dllexport)
#else
#define RMQ_EXPORT __declspec(dllimport)
#endif
#else
#define RMQ_EXPORT __attribute__((visibility("default")))
#endif

#endif  // ROCKETMQ_EXPORT_H_
