from kpolicy.cli import main

raise SystemExit(main())
