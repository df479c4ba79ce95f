// One member of Apache's DLedger (the io.openmessaging.storage:dledger jar RocketMQ 4.9.7
// ships) as a process, for test_dledger_interop.py: the jar has no command line of its own.
// Prints "dledger member <id> listening" once started; stops when stdin closes.
//
//   java -cp <dir>:<lib>/* DLedgerMember GROUP SELF_ID PEERS STORE_BASE_DIR HEARTBEAT_MS
//        DATA_FILE_SIZE INDEX_FILE_SIZE
import io.openmessaging.storage.dledger.DLedgerConfig;
import io.openmessaging.storage.dledger.DLedgerServer;

public class DLedgerMember {
    public static void main(String[] args) throws Exception {
        DLedgerConfig config = new DLedgerConfig();
        config.setGroup(args[0]);
        config.setSelfId(args[1]);
        config.setPeers(args[2]);
        config.setStoreBaseDir(args[3]);
        config.setHeartBeatTimeIntervalMs(Integer.parseInt(args[4]));
        config.setMappedFileSizeForEntryData(Integer.parseInt(args[5]));
        config.setMappedFileSizeForEntryIndex(Integer.parseInt(args[6]));
        DLedgerServer server = new DLedgerServer(config);
        try {
            server.startup();
        } catch (Throwable e) {
            // Netty's event loop threads would keep the JVM up after a failed bind: the test
            // sees the exit and the reason (a port taken is chosen again).
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("dledger member " + args[1] + " listening");
        System.out.flush();
        while (System.in.read() != -1) {
            // Runs until the test closes stdin.
        }
        server.shutdown();
        System.exit(0);
    }
}
