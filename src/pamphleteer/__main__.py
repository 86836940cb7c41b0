from pamphleteer.cli import main

raise SystemExit(main())
