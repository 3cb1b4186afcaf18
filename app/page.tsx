import { Suspense } from "react";
import { BoardPage } from "@/components/board-page";

export default function Home() {
  return (
    <Suspense>
      <BoardPage />
    </Suspense>
  );
}
