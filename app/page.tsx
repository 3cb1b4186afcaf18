import { BoardPage } from "@/components/board-page";

export default function Home() {
  return <BoardPage />;
}
